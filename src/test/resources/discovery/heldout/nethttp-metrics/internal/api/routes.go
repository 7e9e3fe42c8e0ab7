package api

import "net/http"

const apiPrefix = "/api/v1"

// RegisterRoutes wires every public endpoint onto mux. Uses Go 1.22
// method+wildcard patterns.
func RegisterRoutes(mux *http.ServeMux, h *Handler) {
	mux.HandleFunc("GET /{$}", h.index)

	mux.HandleFunc("POST /metrics", h.ingest)
	mux.HandleFunc("GET /metrics/{name}", h.getMetric)
	mux.HandleFunc("DELETE /metrics/{name}", h.deleteMetric)

	mux.HandleFunc("GET "+apiPrefix+"/series", h.listSeries)

	mux.HandleFunc("GET /items/{id}", h.getItem)
	mux.HandleFunc("PUT /items/{id}", h.putItem)

	// Raw dump files, nested by date: /files/2024/03/01/cpu.json
	mux.HandleFunc("GET /files/{path...}", h.serveFile)
}
