package io.ferrymq.broker.filter;

/**
 * A message whose properties cannot be compared as the expression asks (e.g. {@code a > 5} with {@code a=x}).
 * As in RocketMQ the message is then not delivered to that subscription; {@link SqlFilter} catches this.
 */
final class SqlEvaluationException extends RuntimeException {
    SqlEvaluationException(String message) {
        super(message, null, false, false);
    }
}
