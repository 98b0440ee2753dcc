package io.monocoque.samples.marketdata;

/** The SAMPLE CURVE keys of application.yml and the README (public, so they protect nothing). */
final class SampleKeys {

    static final String SERVER_PUBLIC = "9+@GEBTDM*)jrzEzDs<Z0!6P:NemJpZ?YTNU4IPh";
    static final String CLIENT_PUBLIC = "dZIofw!8?+^hY^pX<dAb9w/<]=<=Bz4Pl.CY@(9E";
    static final String CLIENT_SECRET = "37aI@K1.qu2BC=swwV>QKivBI67bQRpaf-pQmQU4";

    private SampleKeys() {
    }
}
