module github.com/example/nethttp-metrics

go 1.22
