package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.Default()
	r.GET("/ping", ping)
	v1 := r.Group("/v1")
	{
		v1.POST("/login", login)
		users := v1.Group("/users")
		users.GET("/:id", getUser)
		users.DELETE("/:id", deleteUser)
	}
	r.Any("/proxy/*path", proxy)
	r.Run()
}
