package org.example.billing.api;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.example.billing.model.InvoiceStore;
import org.example.billing.model.LineItem;

import java.util.List;

/**
 * Not a root resource (no class-level @Path): only reachable through
 * InvoiceResource#lines, i.e. /api/invoices/{invoiceId}/lines.
 */
@Produces(MediaType.APPLICATION_JSON)
public class LineItemResource {

    private final InvoiceStore store;
    private final long invoiceId;

    LineItemResource(InvoiceStore store, long invoiceId) {
        this.store = store;
        this.invoiceId = invoiceId;
    }

    @GET
    public List<LineItem> list() {
        return store.lines(invoiceId);
    }

    @POST
    public LineItem add(LineItem item) {
        return store.addLine(invoiceId, item);
    }

    @DELETE
    @Path("{lineNo}")
    public void remove(@PathParam("lineNo") int lineNo) {
        store.removeLine(invoiceId, lineNo);
    }
}
