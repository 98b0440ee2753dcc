package io.monocoque.zmq.interop;

import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.interop.Scenarios.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Monocoque against JeroMQ 0.6.0 over tcp: every pattern, with the Monocoque socket binding and
 * connecting, thousands of multipart messages checked for content and order on both sides.
 * JeroMQ speaks ZMTP 3.0, so subscriptions travel as messages starting with 0x01 / 0x00 rather
 * than as ZMTP 3.1 SUBSCRIBE / CANCEL commands: the pub/sub and xpub/xsub tests prove that path.
 * Each JeroMQ peer runs on a thread of its own ({@link JeroMqPeer}).
 */
@Timeout(60)
class JeroMqInteropTest {

    private JeroMqPeer.Launcher jeromq;
    private ZmqContext ctx;
    private Scenarios scenarios;

    @BeforeEach
    void start() {
        jeromq = new JeroMqPeer.Launcher();
        ctx = ZmqContext.create();
        scenarios = new Scenarios(ctx, jeromq, () -> "tcp://127.0.0.1:*");
    }

    @AfterEach
    void stop() {
        try {
            jeromq.close();
        } finally {
            ctx.close();
        }
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoquePushDeliversToJeroMqPullInOrder(Side side) {
        scenarios.monocoquePushes(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void jeroMqPushDeliversToMonocoquePullInOrder(Side side) {
        scenarios.monocoquePulls(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoquePubDeliversOnlySubscribedTopicsToJeroMqSubInOrder(Side side) {
        scenarios.monocoquePublishes(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void jeroMqPubDeliversOnlySubscribedTopicsToMonocoqueSubInOrder(Side side) {
        scenarios.monocoqueSubscribes(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoqueReqGetsEveryReplyFromJeroMqRep(Side side) {
        scenarios.monocoqueRequests(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void jeroMqReqGetsEveryReplyFromMonocoqueRep(Side side) {
        scenarios.monocoqueReplies(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void jeroMqRouterSeesMonocoqueDealerRoutingIdsAndRoutesRepliesBack(Side side) {
        scenarios.monocoqueDealers(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoqueRouterSeesJeroMqDealerRoutingIdsAndRoutesRepliesBack(Side side) {
        scenarios.monocoqueRoutes(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoquePairAndJeroMqPairExchangeInOrder(Side side) {
        scenarios.monocoquePairs(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void jeroMqXsubSubscriptionsReachMonocoqueXpubWhichFiltersWhatItPublishes(Side side) {
        scenarios.monocoqueXpub(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoqueXsubSubscriptionsReachJeroMqXpubWhichFiltersWhatItPublishes(Side side) {
        scenarios.monocoqueXsub(side);
    }
}
