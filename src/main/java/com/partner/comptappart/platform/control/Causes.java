package com.partner.comptappart.platform.control;

import java.util.ArrayList;
import java.util.List;

/** A failure and its causes, outermost first: where the mappers and services look for a reason. */
public final class Causes {

  private Causes() {}

  /** The chain, stopping at a cause that is its own cause (and after 50, as a cycle guard). */
  public static List<Throwable> of(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable cause = failure;
        cause != null && chain.size() < 50;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      chain.add(cause);
    }
    return chain;
  }

  /** The first cause of this type in the chain, or null. */
  public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable cause : of(failure)) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }
}
