package syncpkg

import (
	"bytes"
	"sync"
)

// The guide's "Once".
var (
	instance *Config
	once     sync.Once
)

func GetConfig() *Config {
	once.Do(func() {
		instance = loadConfig()
	})
	return instance
}

// The guide's "Pool" (its process(data []byte) is named encode here).
var bufPool = sync.Pool{
	New: func() interface{} {
		return new(bytes.Buffer)
	},
}

func encode(data []byte) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		bufPool.Put(buf)
	}()

	buf.Write(data)
	// Use buffer
}

// The guide's "Map".
var cache sync.Map

func Get(key string) (interface{}, bool) {
	return cache.Load(key)
}

func Set(key string, value interface{}) {
	cache.Store(key, value)
}

func GetOrCreate(key string, create func() interface{}) interface{} {
	val, loaded := cache.LoadOrStore(key, create())
	if !loaded {
		// Value was created
	}
	return val
}
