module oldmod

go 1.18
