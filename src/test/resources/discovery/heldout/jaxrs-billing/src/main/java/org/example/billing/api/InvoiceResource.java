package org.example.billing.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.example.billing.model.Invoice;
import org.example.billing.model.InvoiceStore;

import java.net.URI;
import java.util.List;

@Path("/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InvoiceResource {

    @Inject
    InvoiceStore store;

    @GET
    public List<Invoice> list(@QueryParam("status") String status) {
        return status == null ? store.all() : store.byStatus(status);
    }

    @GET
    @Path("{id: [0-9]+}")
    public Invoice get(@PathParam("id") long id) {
        return store.find(id).orElseThrow(NotFoundException::new);
    }

    @POST
    public Response create(Invoice invoice) {
        Invoice saved = store.save(invoice);
        URI location = UriBuilder.fromPath("/api/invoices/{id}").build(saved.id());
        return Response.created(location).entity(saved).build();
    }

    @PUT
    @Path("/{id}")
    public Invoice update(@PathParam("id") long id, Invoice invoice) {
        return store.replace(id, invoice);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        store.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/send")
    public Response send(@PathParam("id") long id) {
        store.markSent(id);
        return Response.accepted().build();
    }

    /**
     * Sub-resource locator: everything under /invoices/{invoiceId}/lines is
     * handled by {@link LineItemResource}.
     */
    @Path("{invoiceId}/lines")
    public LineItemResource lines(@PathParam("invoiceId") long invoiceId) {
        return new LineItemResource(store, invoiceId);
    }
}
