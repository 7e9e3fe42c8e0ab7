package main

import (
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"

	"github.com/gin-gonic/gin"

	"github.com/example/gin-orders/internal/payments"
	"github.com/example/gin-orders/internal/routes"
)

func main() {
	r := setupRouter(payments.New(os.Getenv("PAYMENTS_URL")))
	if err := r.Run(":8080"); err != nil {
		log.Fatal(err)
	}
}

func setupRouter(pay *payments.Client) *gin.Engine {
	r := gin.Default()

	r.GET("/ping", func(c *gin.Context) { c.String(http.StatusOK, "pong") })
	r.Handle(http.MethodHead, "/ping", func(c *gin.Context) { c.Status(http.StatusOK) })

	// Frontend bundle
	r.GET("/assets/*filepath", func(c *gin.Context) {
		c.File("./web/dist" + c.Param("filepath"))
	})

	// Everything under /proxy is forwarded to the old monolith, any method.
	legacy, _ := url.Parse("http://monolith.internal:8000")
	rp := httputil.NewSingleHostReverseProxy(legacy)
	r.Any("/proxy/*path", func(c *gin.Context) {
		c.Request.URL.Path = c.Param("path")
		rp.ServeHTTP(c.Writer, c.Request)
	})

	v1 := r.Group("/v1")
	{
		routes.RegisterOrderRoutes(v1, pay)
		routes.RegisterCustomerRoutes(v1)
	}

	admin := r.Group("/admin", gin.BasicAuth(gin.Accounts{"ops": os.Getenv("ADMIN_PASSWORD")}))
	admin.GET("/stats", routes.Stats)

	// routes.RegisterLegacyRoutes(r) -- removed, /v0 clients migrated in March

	return r
}
