package com.partner.comptappart.platform.control;

import java.util.function.ToLongFunction;

/** An entity whose new rows take their ids from {@link IdBlocks}, given before it is persisted. */
public interface Identified {

  /** Sets the id (and its children's) from {@code ids}: sequence name to its next value. */
  void identify(ToLongFunction<String> ids);
}
