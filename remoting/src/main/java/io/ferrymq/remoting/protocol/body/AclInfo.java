package io.ferrymq.remoting.protocol.body;

import java.util.List;

/**
 * RocketMQ 5's ACL 2.0 access rules of one subject ({@code User:<name>}), as AUTH_CREATE_ACL .. AUTH_LIST_ACL carry
 * them: policies of entries, each a resource ({@code Topic:orders}, {@code Group:g}, {@code Topic:*},
 * {@code Topic:orders-*}), actions (Pub, Sub, All...), source IPs and a decision (Allow or Deny).
 */
public record AclInfo(String subject, List<PolicyInfo> policies) {

    /** One policy: its type (Custom or Default) and entries. */
    public record PolicyInfo(String policyType, List<PolicyEntryInfo> entries) {
    }

    /** One rule. */
    public record PolicyEntryInfo(String resource, List<String> actions, List<String> sourceIps, String decision) {
    }
}
