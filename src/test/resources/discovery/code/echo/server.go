package main

import (
	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	e.GET("/", home)
	e.PUT("/users/:id", updateUser)
	admin := e.Group("/admin", middleware.BasicAuth(check))
	admin.GET("/stats", stats)
	e.Logger.Fatal(e.Start(":1323"))
}
