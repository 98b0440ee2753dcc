package io.monocoque.zmq.interop;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.interop.Scenarios.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Monocoque against libzmq (through pyzmq, in a python process) over tcp: every pattern, with
 * the Monocoque socket binding and connecting, thousands of multipart messages checked for
 * content and order on both sides. Skipped without pyzmq, unless
 * {@value PyzmqInterpreter#REQUIRE_ENV}{@code =1}.
 */
@Timeout(60)
class LibzmqTcpInteropTest {

    private PyZmq python;
    private ZmqContext ctx;
    private Scenarios scenarios;

    @BeforeEach
    void start() {
        PyzmqInterpreter.assumeAvailable();
        python = new PyZmq();
        ctx = ZmqContext.create();
        scenarios = new Scenarios(ctx, python, () -> "tcp://127.0.0.1:*");
    }

    @AfterEach
    void stop() {
        try {
            if (python != null) {
                python.close();
            }
        } finally {
            if (ctx != null) {
                ctx.close();
            }
        }
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoquePushDeliversToLibzmqPullInOrder(Side side) {
        scenarios.monocoquePushes(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void libzmqPushDeliversToMonocoquePullInOrder(Side side) {
        scenarios.monocoquePulls(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoquePubDeliversOnlySubscribedTopicsToLibzmqSubInOrder(Side side) {
        scenarios.monocoquePublishes(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void libzmqPubDeliversOnlySubscribedTopicsToMonocoqueSubInOrder(Side side) {
        scenarios.monocoqueSubscribes(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoqueReqGetsEveryReplyFromLibzmqRep(Side side) {
        scenarios.monocoqueRequests(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void libzmqReqGetsEveryReplyFromMonocoqueRep(Side side) {
        scenarios.monocoqueReplies(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void libzmqRouterSeesMonocoqueDealerRoutingIdsAndRoutesRepliesBack(Side side) {
        scenarios.monocoqueDealers(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoqueRouterSeesLibzmqDealerRoutingIdsAndRoutesRepliesBack(Side side) {
        scenarios.monocoqueRoutes(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoquePairAndLibzmqPairExchangeInOrder(Side side) {
        scenarios.monocoquePairs(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void libzmqXsubSubscriptionsReachMonocoqueXpubWhichFiltersWhatItPublishes(Side side) {
        scenarios.monocoqueXpub(side);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoqueXsubSubscriptionsReachLibzmqXpubWhichFiltersWhatItPublishes(Side side) {
        scenarios.monocoqueXsub(side);
    }
}
