package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
)

// JSON-RPC 2.0 over a byte stream with LSP's base protocol framing:
// "Content-Length: N\r\n\r\n" followed by N bytes of JSON.

// message is any incoming message: a request (ID and Method), a
// notification (Method only) or a response to one of our requests (ID,
// Result or Error).
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

func (m *message) isRequest() bool      { return m.Method != "" && len(m.ID) > 0 }
func (m *message) isNotification() bool { return m.Method != "" && len(m.ID) == 0 }

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("jsonrpc error %d: %s", e.Code, e.Message) }

// Error codes of JSON-RPC 2.0 and LSP.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestCancelled     = -32800
)

type response struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  any             `json:"result"`
}

type errorResponse struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   *rpcError       `json:"error"`
}

type outgoing struct {
	JSONRPC string `json:"jsonrpc"`
	ID      *int64 `json:"id,omitempty"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
}

// conn reads messages in one goroutine (the server's loop) and writes
// them from any goroutine.
type conn struct {
	r *bufio.Reader

	// Writes go through a queue drained by one goroutine, so that no
	// caller ever blocks on a client that is busy writing to us, and
	// messages leave in the order they were queued.
	w       io.Writer
	qmu     sync.Mutex
	qcond   *sync.Cond
	queue   [][]byte
	closed  bool
	drained chan struct{}

	pmu     sync.Mutex
	nextID  int64
	pending map[string]chan *message // our requests awaiting a response, by ID
}

func newConn(r io.Reader, w io.Writer) *conn {
	c := &conn{r: bufio.NewReader(r), w: w, pending: make(map[string]chan *message), drained: make(chan struct{})}
	c.qcond = sync.NewCond(&c.qmu)
	go c.writeLoop()
	return c
}

func (c *conn) writeLoop() {
	defer close(c.drained)
	failed := false
	for {
		c.qmu.Lock()
		for len(c.queue) == 0 && !c.closed {
			c.qcond.Wait()
		}
		batch := c.queue
		c.queue = nil
		done := c.closed
		c.qmu.Unlock()
		for _, frame := range batch {
			if !failed {
				_, err := c.w.Write(frame)
				failed = err != nil
			}
		}
		if done && len(batch) == 0 {
			return
		}
	}
}

// close stops accepting messages and waits until those queued are written.
func (c *conn) close() {
	c.qmu.Lock()
	c.closed = true
	c.qcond.Signal()
	c.qmu.Unlock()
	<-c.drained
}

// read returns the next message. A malformed body is returned as an error
// of type *rpcError with the stream still in sync; other errors end the
// stream.
func (c *conn) read() (*message, error) {
	tp := textproto.NewReader(c.r)
	length := -1
	for {
		line, err := tp.ReadLine()
		if err != nil {
			if errors.Is(err, io.EOF) && length < 0 {
				return nil, io.EOF
			}
			return nil, err
		}
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("malformed header line %q", line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("bad Content-Length %q", value)
			}
			length = n
		}
	}
	if length < 0 {
		return nil, errors.New("message without Content-Length")
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(c.r, body); err != nil {
		return nil, err
	}
	m := new(message)
	if err := json.Unmarshal(body, m); err != nil {
		return nil, &rpcError{Code: codeParseError, Message: err.Error()}
	}
	return m, nil
}

func (c *conn) write(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	frame := fmt.Appendf(nil, "Content-Length: %d\r\n\r\n", len(data))
	frame = append(frame, data...)
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.closed {
		return errors.New("connection closed")
	}
	c.queue = append(c.queue, frame)
	c.qcond.Signal()
	return nil
}

func (c *conn) notify(method string, params any) error {
	return c.write(outgoing{JSONRPC: "2.0", Method: method, Params: params})
}

func (c *conn) reply(id json.RawMessage, result any, err error) error {
	if err != nil {
		var re *rpcError
		if !errors.As(err, &re) {
			re = &rpcError{Code: codeInternalError, Message: err.Error()}
		}
		return c.write(errorResponse{JSONRPC: "2.0", ID: id, Error: re})
	}
	return c.write(response{JSONRPC: "2.0", ID: id, Result: result})
}

// call sends a request to the client and waits for its response, which
// the read loop hands over through deliver. It must not be called from
// the read loop.
func (c *conn) call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	c.pmu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan *message, 1)
	key := strconv.FormatInt(id, 10)
	c.pending[key] = ch
	c.pmu.Unlock()
	defer func() {
		c.pmu.Lock()
		delete(c.pending, key)
		c.pmu.Unlock()
	}()
	if err := c.write(outgoing{JSONRPC: "2.0", ID: &id, Method: method, Params: params}); err != nil {
		return nil, err
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return nil, m.Error
		}
		return m.Result, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// deliver hands a response to the call awaiting it, reporting whether one was.
func (c *conn) deliver(m *message) bool {
	c.pmu.Lock()
	ch, ok := c.pending[string(m.ID)]
	c.pmu.Unlock()
	if ok {
		ch <- m
	}
	return ok
}
