package org.example.billing.model;

public record Invoice(long id, String customer, String status) {}
