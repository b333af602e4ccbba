package com.partner.comptappart.orders.boundary;

import com.partner.comptappart.orders.control.CustomerOrders;
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

  @GET
  public List<OrderView> find(
      @QueryParam("orderId") Long orderId, @QueryParam("invoiceNumber") String invoiceNumber) {
    if (orderId != null) {
      return orders.withOrderId(orderId).stream().map(OrderView::of).toList();
    }
    if (invoiceNumber != null && !invoiceNumber.isBlank()) {
      return orders.withInvoiceNumber(invoiceNumber).stream().map(OrderView::of).toList();
    }
    throw new RejectedRequest(
        Rejection.ORDER_LOOKUP_WITHOUT_KEY, "Give orderId or invoiceNumber to find an order.");
  }
}
