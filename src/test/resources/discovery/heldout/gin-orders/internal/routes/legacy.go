package routes

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// RegisterLegacyRoutes served the v0 API. It is no longer called from
// main.go; keep until the mobile app 2.x is fully retired.
func RegisterLegacyRoutes(r *gin.Engine) {
	v0 := r.Group("/v0")
	v0.GET("/order/:id", func(c *gin.Context) {
		c.Redirect(http.StatusMovedPermanently, "/v1/orders/"+c.Param("id"))
	})
	v0.POST("/order", func(c *gin.Context) { c.Status(http.StatusGone) })
}
