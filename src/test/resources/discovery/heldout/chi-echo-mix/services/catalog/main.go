package main

import (
	"log"
	"net/http"
)

func main() {
	store := newStore()
	log.Println("catalog listening on :8081")
	log.Fatal(http.ListenAndServe(":8081", newRouter(store)))
}
