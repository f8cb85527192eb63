package io.ferrymq.client.internal;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.ClientException;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.body.CheckClientRequestBody;
import io.ferrymq.remoting.protocol.body.SubscriptionData;

/**
 * Asks a broker of each SQL92-subscribed topic to accept the selector (CHECK_CLIENT_CONFIG, as the official
 * client's {@code checkClientInBroker} does), so a bad expression or a broker with {@code enablePropertyFilter}
 * off fails the consumer's {@code start()} with the broker's reason instead of every pull failing later. Called
 * on the thread starting the consumer.
 */
final class SubscriptionCheck {
    private SubscriptionCheck() {
    }

    /**
     * @throws BrokerException with the broker's code and remark (e.g. the column of a syntax error)
     * @throws ClientException when no broker of the topic is known
     */
    static void checkAll(ClientInstance instance, String group, Subscriptions subscriptions) {
        for (SubscriptionData sub : subscriptions.needingBrokerCheck()) {
            TopicRoute route = instance.routeOrFetch(sub.getTopic());
            String addr = null;
            String brokerName = null;
            if (route != null) {
                for (TopicRoute.BrokerInfo b : route.brokers()) {
                    addr = instance.masterOrAnyAddress(b.brokerName());
                    brokerName = b.brokerName();
                    if (addr != null) {
                        break;
                    }
                }
            }
            if (addr == null) {
                throw new ClientException("cannot check the " + sub.getExpressionType() + " selector of topic "
                    + sub.getTopic() + ": no broker serves the topic; create it first", false);
            }
            CheckClientRequestBody body = new CheckClientRequestBody();
            body.setClientId(instance.clientId());
            body.setGroup(group);
            body.setSubscriptionData(sub);
            instance.rpc().callOk(addr, RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG)
                .body(Json.toBytes(body)), instance.rpcTimeoutMillis(), "check " + sub.getExpressionType()
                + " selector '" + sub.getSubString() + "'", brokerName, sub.getTopic());
        }
    }
}
