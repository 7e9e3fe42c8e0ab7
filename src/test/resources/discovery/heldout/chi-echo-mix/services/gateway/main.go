package main

import (
	"crypto/subtle"
	"net/http"
	"os"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/example/chi-echo-mix/pkg/catalogclient"
)

func main() {
	e := echo.New()
	e.HideBanner = true
	e.Use(middleware.Logger())
	e.Use(middleware.Recover())

	catalog := catalogclient.New(os.Getenv("CATALOG_URL"))
	h := &handlers{catalog: catalog}

	e.GET("/health", func(c echo.Context) error {
		return c.String(http.StatusOK, "ok")
	})

	api := e.Group("/api")
	api.GET("/users/:id", h.getUser)
	api.GET("/products/:id", h.getProduct)

	g := e.Group("/admin", middleware.BasicAuth(func(user, pass string, c echo.Context) (bool, error) {
		ok := subtle.ConstantTimeCompare([]byte(pass), []byte(os.Getenv("ADMIN_PASSWORD"))) == 1
		return user == "ops" && ok, nil
	}))
	g.POST("/cache/flush", h.flushCache)
	g.DELETE("/sessions/:sid", h.killSession)

	// Old clients still hit /legacy/...; forward everything, any verb.
	e.Any("/legacy/*", h.legacy)

	e.Logger.Fatal(e.Start(":8080"))
}
