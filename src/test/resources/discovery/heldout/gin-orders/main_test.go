package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/example/gin-orders/internal/payments"
)

func TestPing(t *testing.T) {
	r := setupRouter(payments.New("http://127.0.0.1:1"))
	w := httptest.NewRecorder()
	req, _ := http.NewRequest("GET", "/ping", nil)
	r.ServeHTTP(w, req)
	if w.Code != 200 || w.Body.String() != "pong" {
		t.Fatalf("unexpected %d %q", w.Code, w.Body.String())
	}
}

func TestV0Gone(t *testing.T) {
	r := setupRouter(payments.New("http://127.0.0.1:1"))
	w := httptest.NewRecorder()
	req, _ := http.NewRequest("GET", "/v0/order/1", nil)
	r.ServeHTTP(w, req)
	if w.Code != http.StatusNotFound {
		t.Fatalf("expected 404, got %d", w.Code)
	}
}
