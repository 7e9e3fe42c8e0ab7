package main

import (
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", getItem)
	mux.HandleFunc("POST /items", createItem)
	mux.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("."))))
	http.HandleFunc("/healthz", healthz)
	w.Header().Set("Content-Type", "application/json")
	// mux.HandleFunc("/old", old)
	http.ListenAndServe(":8080", mux)
}
