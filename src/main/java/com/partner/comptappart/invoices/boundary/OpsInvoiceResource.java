package com.partner.comptappart.invoices.boundary;

import com.partner.comptappart.invoices.control.InvoiceArchive;
import com.partner.comptappart.invoices.control.InvoiceDocuments;
import com.partner.comptappart.invoices.entity.ArchiveState;
import com.partner.comptappart.invoices.entity.InvoiceDocument;
import com.partner.comptappart.platform.boundary.SameOriginRequired;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Ops get an archived invoice document by its number, and ask for another attempt when the sender
 * made its link valid again. Restricted to the role {@code ops} by the server's realm (web.xml).
 */
@Path("ops/invoices/{number}")
public class OpsInvoiceResource {

  @Inject InvoiceDocuments documents;
  @Inject InvoiceArchive archive;

  @GET
  public Response document(@PathParam("number") String number) {
    List<InvoiceDocument> found = documents.withNumber(number);
    InvoiceDocument archived =
        found.stream()
            .filter(document -> document.state() == ArchiveState.ARCHIVED)
            .findFirst()
            .orElseThrow(() -> notArchived(number, found));
    String type =
        archived
            .servedType()
            .orElseThrow(
                () ->
                    new RejectedRequest(
                        Rejection.INVOICE_NOT_SERVABLE,
                        "Invoice "
                            + number
                            + " was archived as neither a PDF nor an HTML receipt; it is not"
                            + " served."));
    Response.ResponseBuilder download =
        Response.ok(archived.content(), type)
            .header(HttpHeaders.CONTENT_DISPOSITION, DownloadName.of(archived).contentDisposition())
            .header("X-Content-Type-Options", "nosniff");
    if (archived.htmlReceipt()) {
      // Opened from the server or from a saved file, the page runs no script and is its own origin.
      download.header("Content-Security-Policy", "sandbox");
    }
    return download.build();
  }

  @POST
  @Path("fetch")
  @SameOriginRequired
  @Produces(MediaType.APPLICATION_JSON)
  public Response fetchAgain(@PathParam("number") String number) {
    List<InvoiceDocument> again = archive.fetchAgain(number);
    if (again.isEmpty()) {
      throw notArchived(number, again);
    }
    return Response.accepted(again.stream().map(InvoiceView::of).toList()).build();
  }

  private static RejectedRequest notArchived(String number, List<InvoiceDocument> found) {
    if (found.isEmpty()) {
      return new RejectedRequest(
          Rejection.INVOICE_NOT_FOUND, "No stored order has invoice " + number + ".");
    }
    InvoiceDocument newest = found.get(0);
    return new RejectedRequest(
        Rejection.INVOICE_NOT_ARCHIVED,
        "Invoice "
            + number
            + " is not archived: "
            + newest.state().name().toLowerCase(java.util.Locale.ROOT)
            + " after "
            + newest.attempts()
            + " attempt(s)"
            + (newest.lastError() == null ? "" : ", last error: " + newest.lastError())
            + ".");
  }
}
