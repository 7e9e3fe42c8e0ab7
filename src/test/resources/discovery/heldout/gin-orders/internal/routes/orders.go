package routes

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/example/gin-orders/internal/payments"
)

type Order struct {
	ID         int     `json:"id"`
	CustomerID string  `json:"customerId"`
	Total      float64 `json:"total"`
	Status     string  `json:"status"`
}

var (
	mu     sync.RWMutex
	orders = map[int]*Order{}
	nextID = 1
)

// RegisterOrderRoutes mounts the /orders resource on the given group.
func RegisterOrderRoutes(rg *gin.RouterGroup, pay *payments.Client) {
	o := rg.Group("/orders")

	o.GET("", listOrders)
	o.POST("", createOrder(pay))
	o.GET("/:id", getOrder)
	o.PUT("/:id", replaceOrder)
	o.DELETE("/:id", deleteOrder)
	o.PATCH("/:id/status", updateStatus)
}

func listOrders(c *gin.Context) {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]*Order, 0, len(orders))
	for _, o := range orders {
		out = append(out, o)
	}
	c.JSON(http.StatusOK, out)
}

func createOrder(pay *payments.Client) gin.HandlerFunc {
	return func(c *gin.Context) {
		var o Order
		if err := c.ShouldBindJSON(&o); err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
			return
		}
		if err := pay.Authorize(o.CustomerID, o.Total); err != nil {
			c.JSON(http.StatusPaymentRequired, gin.H{"error": err.Error()})
			return
		}
		mu.Lock()
		o.ID = nextID
		nextID++
		o.Status = "new"
		orders[o.ID] = &o
		mu.Unlock()
		c.Header("Location", "/v1/orders/"+strconv.Itoa(o.ID))
		c.JSON(http.StatusCreated, o)
	}
}

func lookup(c *gin.Context) (*Order, bool) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "bad id"})
		return nil, false
	}
	mu.RLock()
	o, ok := orders[id]
	mu.RUnlock()
	if !ok {
		c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
	}
	return o, ok
}

func getOrder(c *gin.Context) {
	if o, ok := lookup(c); ok {
		c.JSON(http.StatusOK, o)
	}
}

func replaceOrder(c *gin.Context) {
	o, ok := lookup(c)
	if !ok {
		return
	}
	var in Order
	if err := c.ShouldBindJSON(&in); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	mu.Lock()
	in.ID = o.ID
	orders[o.ID] = &in
	mu.Unlock()
	c.JSON(http.StatusOK, in)
}

func deleteOrder(c *gin.Context) {
	if o, ok := lookup(c); ok {
		mu.Lock()
		delete(orders, o.ID)
		mu.Unlock()
		c.Status(http.StatusNoContent)
	}
}

func updateStatus(c *gin.Context) {
	o, ok := lookup(c)
	if !ok {
		return
	}
	var body struct {
		Status string `json:"status" binding:"required"`
	}
	if err := c.ShouldBindJSON(&body); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	mu.Lock()
	o.Status = body.Status
	mu.Unlock()
	c.JSON(http.StatusOK, o)
}

// Stats is mounted under the admin group in main.go.
func Stats(c *gin.Context) {
	mu.RLock()
	defer mu.RUnlock()
	c.JSON(http.StatusOK, gin.H{"orders": len(orders)})
}
