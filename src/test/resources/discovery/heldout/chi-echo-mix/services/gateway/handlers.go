package main

import (
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/example/chi-echo-mix/pkg/catalogclient"
)

type user struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type handlers struct {
	catalog *catalogclient.Client
	users   sync.Map
	cache   sync.Map
}

func (h *handlers) getUser(c echo.Context) error {
	v, ok := h.users.Load(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "user not found")
	}
	return c.JSON(http.StatusOK, v)
}

func (h *handlers) getProduct(c echo.Context) error {
	id := c.Param("id")
	if v, ok := h.cache.Load(id); ok {
		return c.JSONBlob(http.StatusOK, v.([]byte))
	}
	body, err := h.catalog.Product(id)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadGateway, err.Error())
	}
	h.cache.Store(id, body)
	return c.JSONBlob(http.StatusOK, body)
}

func (h *handlers) flushCache(c echo.Context) error {
	h.cache.Range(func(k, _ any) bool { h.cache.Delete(k); return true })
	return c.NoContent(http.StatusNoContent)
}

func (h *handlers) killSession(c echo.Context) error {
	_ = c.Param("sid")
	return c.NoContent(http.StatusNoContent)
}

func (h *handlers) legacy(c echo.Context) error {
	return c.Redirect(http.StatusPermanentRedirect, "/api/"+c.Param("*"))
}
