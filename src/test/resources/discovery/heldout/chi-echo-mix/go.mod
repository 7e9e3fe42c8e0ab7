module github.com/example/chi-echo-mix

go 1.21

require (
	github.com/go-chi/chi/v5 v5.0.12
	github.com/labstack/echo/v4 v4.11.4
)
