// Package push forwards samples to the central collector. Outbound only.
package push

import (
	"bytes"
	"encoding/json"
	"log"
	"net/http"
	"time"
)

type Client struct {
	base string
	http *http.Client
}

func NewClient(base string) *Client {
	if base == "" {
		base = "http://collector:9000"
	}
	return &Client{base: base, http: &http.Client{Timeout: 3 * time.Second}}
}

func (c *Client) Forward(samples map[string]float64) {
	body, _ := json.Marshal(samples)
	req, err := http.NewRequest("POST", c.base+"/v1/write", bytes.NewReader(body))
	if err != nil {
		log.Printf("push: %v", err)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		log.Printf("push: %v", err)
		return
	}
	resp.Body.Close()
}

func (c *Client) Healthy() bool {
	resp, err := http.Get(c.base + "/api/health")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
