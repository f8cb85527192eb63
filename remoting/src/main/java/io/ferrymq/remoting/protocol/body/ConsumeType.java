package io.ferrymq.remoting.protocol.body;

/** How a consumer group consumes: pull/lite-pull (ACTIVELY), push (PASSIVELY) or POP. Wire names. */
public enum ConsumeType {
    CONSUME_ACTIVELY,
    CONSUME_PASSIVELY,
    CONSUME_POP
}
