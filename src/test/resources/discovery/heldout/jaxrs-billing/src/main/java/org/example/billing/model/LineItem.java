package org.example.billing.model;

public record LineItem(int lineNo, String description, long cents) {}
