package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Consumes only queues of brokers in the given machine rooms (RocketMQ's AllocateMessageQueueByMachineRoom).
 * Broker names are expected as {@code <room>@<name>}; queues of other brokers are ignored. The selected queues
 * are split into equal contiguous blocks and the remainder dealt one each to the first consumers.
 */
public final class AllocateByMachineRoom implements AllocateStrategy {
    private final Set<String> rooms;

    /** @param rooms machine rooms (the part of the broker name before '@') this group consumes */
    public AllocateByMachineRoom(Set<String> rooms) {
        this.rooms = Set.copyOf(rooms);
    }

    @Override
    public List<MessageQueue> allocate(String group, String currentId, List<MessageQueue> queues,
                                       List<String> consumerIds) {
        List<MessageQueue> out = new ArrayList<>();
        int index = consumerIds.indexOf(currentId);
        if (index < 0) {
            return out;
        }
        List<MessageQueue> inRooms = new ArrayList<>();
        for (MessageQueue q : queues) {
            int at = q.brokerName().indexOf('@');
            if (at > 0 && rooms.contains(q.brokerName().substring(0, at))) {
                inRooms.add(q);
            }
        }
        int c = consumerIds.size();
        int block = inRooms.size() / c;
        int rem = inRooms.size() % c;
        out.addAll(inRooms.subList(index * block, index * block + block));
        if (index < rem) {
            out.add(inRooms.get(block * c + index));
        }
        return out;
    }

    @Override
    public String name() {
        return "MACHINE_ROOM";
    }
}
