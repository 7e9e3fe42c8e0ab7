package org.example.billing.model;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

@ApplicationScoped
public class InvoiceStore {

    private final Map<Long, Invoice> invoices = new ConcurrentHashMap<>();
    private final Map<Long, List<LineItem>> lines = new ConcurrentHashMap<>();

    public List<Invoice> all() { return new ArrayList<>(invoices.values()); }

    public List<Invoice> byStatus(String status) {
        return invoices.values().stream().filter(i -> i.status().equals(status)).toList();
    }

    public Optional<Invoice> find(long id) { return Optional.ofNullable(invoices.get(id)); }

    public Invoice save(Invoice i) { invoices.put(i.id(), i); return i; }

    public Invoice replace(long id, Invoice i) { return save(new Invoice(id, i.customer(), i.status())); }

    public void delete(long id) { invoices.remove(id); lines.remove(id); }

    public void markSent(long id) {
        Invoice i = invoices.get(id);
        save(new Invoice(id, i.customer(), "SENT"));
    }

    public List<LineItem> lines(long invoiceId) { return lines.getOrDefault(invoiceId, List.of()); }

    public LineItem addLine(long invoiceId, LineItem item) {
        lines.computeIfAbsent(invoiceId, k -> new ArrayList<>()).add(item);
        return item;
    }

    public void removeLine(long invoiceId, int lineNo) {
        lines.getOrDefault(invoiceId, new ArrayList<>()).removeIf(l -> l.lineNo() == lineNo);
    }
}
