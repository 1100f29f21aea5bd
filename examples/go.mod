module example.com/concvet-examples

go 1.26
