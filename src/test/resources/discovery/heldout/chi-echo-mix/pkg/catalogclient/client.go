// Package catalogclient is used by the gateway to call the catalog service.
package catalogclient

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

type Client struct {
	base string
	hc   *http.Client
}

func New(base string) *Client {
	if base == "" {
		base = "http://catalog:8081"
	}
	return &Client{base: base, hc: &http.Client{Timeout: 2 * time.Second}}
}

// Product fetches GET /products/{id} from the catalog service.
func (c *Client) Product(id string) ([]byte, error) {
	resp, err := c.hc.Get(c.base + "/products/" + id)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("catalog: %s", resp.Status)
	}
	return io.ReadAll(resp.Body)
}

func (c *Client) Stats() (*http.Response, error) {
	return http.Get(c.base + "/admin/stats")
}
