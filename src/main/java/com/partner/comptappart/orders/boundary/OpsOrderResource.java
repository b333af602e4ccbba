package com.partner.comptappart.orders.boundary;

import com.partner.comptappart.invoices.control.InvoiceDocuments;
import com.partner.comptappart.orders.control.CustomerOrders;
import com.partner.comptappart.orders.entity.CustomerOrder;
import com.partner.comptappart.platform.control.RejectedRequest;
import com.partner.comptappart.platform.control.Rejection;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Ops find a stored order by the sender's order id or by its invoice number, and from there its
 * deliveries. Restricted to the role {@code ops} by the server's realm (web.xml).
 */
@Path("ops/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OpsOrderResource {

  @Inject CustomerOrders orders;
  @Inject InvoiceDocuments invoices;

  @GET
  public List<OrderView> find(
      @QueryParam("orderId") Long orderId, @QueryParam("invoiceNumber") String invoiceNumber) {
    if (orderId != null) {
      return views(orders.withOrderId(orderId));
    }
    if (invoiceNumber != null && !invoiceNumber.isBlank()) {
      return views(orders.withInvoiceNumber(invoiceNumber));
    }
    throw new RejectedRequest(
        Rejection.ORDER_LOOKUP_WITHOUT_KEY, "Give orderId or invoiceNumber to find an order.");
  }

  private List<OrderView> views(List<CustomerOrder> found) {
    return found.stream()
        .map(order -> OrderView.of(order, invoices.ofStoredEvent(order.id())))
        .toList();
  }
}
