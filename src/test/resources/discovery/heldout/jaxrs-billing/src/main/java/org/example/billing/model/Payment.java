package org.example.billing.model;

public record Payment(String id, String currency, double amount) {}
