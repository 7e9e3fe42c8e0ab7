// Package payments is a thin client for the payments service.
package payments

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

type Client struct {
	baseURL string
	hc      *http.Client
}

func New(baseURL string) *Client {
	if baseURL == "" {
		baseURL = "http://payments.internal:9090"
	}
	return &Client{baseURL: baseURL, hc: &http.Client{Timeout: 4 * time.Second}}
}

func (c *Client) Authorize(customerID string, amount float64) error {
	body, _ := json.Marshal(map[string]any{"customer": customerID, "amount": amount})
	resp, err := c.hc.Post(c.baseURL+"/v2/authorizations", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("payment declined: %s", resp.Status)
	}
	return nil
}

func (c *Client) Refund(authID string) error {
	req, _ := http.NewRequest(http.MethodDelete, c.baseURL+"/v2/authorizations/"+authID, nil)
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
