package io.ferrymq.broker.filter;

import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageView;
import io.ferrymq.store.MessageFilter;

import java.nio.ByteBuffer;

/**
 * Store read filter of an SQL92 subscription. The consume-queue tag hash says nothing about properties, so every
 * entry passes the first stage; the second stage reads the stored message's properties (user properties and
 * system ones such as TAGS and KEYS, as RocketMQ exposes them) and evaluates the compiled expression.
 */
final class SqlMessageFilter implements MessageFilter {
    private final SqlFilter filter;

    SqlMessageFilter(SqlFilter filter) {
        this.filter = filter;
    }

    @Override
    public boolean matchesTagsCode(long tagsCode) {
        return true;
    }

    @Override
    public boolean matchesMessage(ByteBuffer storedMessage) {
        // look up only the properties the expression names, in the encoded string, instead of building a map
        String properties = new MessageView(storedMessage, storedMessage.position()).propertiesString();
        return filter.matches(name -> MessageProperties.get(properties, name));
    }
}
