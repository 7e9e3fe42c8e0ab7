package routes

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func RegisterCustomerRoutes(rg *gin.RouterGroup) {
	cust := rg.Group("/customers")
	cust.GET("/:customerId/orders", customerOrders)
	cust.POST("/:customerId/orders", func(c *gin.Context) {
		// convenience alias for POST /v1/orders with the customer pre-filled
		c.Redirect(http.StatusTemporaryRedirect, "/v1/orders")
	})
}

func customerOrders(c *gin.Context) {
	id := c.Param("customerId")
	mu.RLock()
	defer mu.RUnlock()
	var out []*Order
	for _, o := range orders {
		if o.CustomerID == id {
			out = append(out, o)
		}
	}
	c.JSON(http.StatusOK, out)
}
