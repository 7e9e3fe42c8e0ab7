package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGetMetricNotFound(t *testing.T) {
	mux := http.NewServeMux()
	RegisterRoutes(mux, NewHandler(NewStore(), nil))

	req := httptest.NewRequest("GET", "/metrics/cpu", nil)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("got %d", rec.Code)
	}
}

func TestExportRemoved(t *testing.T) {
	mux := http.NewServeMux()
	RegisterRoutes(mux, NewHandler(NewStore(), nil))

	req := httptest.NewRequest(http.MethodGet, "/export.csv", nil)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("export should be gone, got %d", rec.Code)
	}
}
