from facilitator.joinlink import NetworkAddress, is_loopback_host, join_url, phone_address, qr_png

WIFI = NetworkAddress("192.168.1.20", "wlp2s0", default_route=True)
CABLE = NetworkAddress("10.40.0.7", "enp0s31f6", default_route=False)


def test_a_configured_base_url_wins():
    found = phone_address(
        configured="https://groep.example/",
        page_url="http://localhost:8501/console",
        candidates=[WIFI],
    )
    assert found.base_url == "https://groep.example" and not found.choices


def test_localhost_is_replaced_by_the_laptops_network_address_for_phones():
    found = phone_address(
        configured=None, page_url="http://localhost:8501/console", candidates=[WIFI]
    )
    assert found.base_url == "http://192.168.1.20:8501"
    assert found.choices == ()  # one network: nothing to choose


def test_every_loopback_form_of_the_page_address_is_replaced():
    for page in ("http://127.0.1.1:8501/", "http://127.0.0.1:8501/", "http://[::1]:8501/"):
        found = phone_address(configured=None, page_url=page, candidates=[WIFI])
        assert found.base_url == "http://192.168.1.20:8501", page


def test_with_several_networks_the_default_route_is_first_and_a_pick_is_kept():
    candidates = [WIFI, CABLE]
    first = phone_address(
        configured=None, page_url="http://localhost:8501/console", candidates=candidates
    )
    assert first.choices == (WIFI, CABLE) and first.chosen == WIFI
    picked = phone_address(
        configured=None,
        page_url="http://localhost:8501/console",
        candidates=candidates,
        preferred="10.40.0.7",
    )
    assert picked.base_url == "http://10.40.0.7:8501" and picked.chosen == CABLE
    gone = phone_address(
        configured=None,
        page_url="http://localhost:8501/console",
        candidates=[WIFI],
        preferred="10.40.0.7",  # the cable was pulled
    )
    assert gone.base_url == "http://192.168.1.20:8501"


def test_no_network_at_all_is_said_and_no_localhost_link_is_made():
    found = phone_address(configured=None, page_url="http://localhost:8501/", candidates=[])
    assert found.base_url is None and found.no_network


def test_an_unknown_page_address_is_not_taken_for_no_network():
    found = phone_address(configured=None, page_url=None, candidates=[])
    assert found.base_url is None and not found.no_network


def test_a_proxy_prefix_before_the_page_is_kept():
    found = phone_address(
        configured=None, page_url="https://x.org/groep/console", candidates=[WIFI]
    )
    assert found.base_url == "https://x.org/groep"


def test_names_of_this_machine_count_as_loopback_and_others_do_not():
    assert is_loopback_host("localhost") and is_loopback_host("LOCALHOST")
    assert is_loopback_host("127.0.1.1") and is_loopback_host("[::1]")
    assert is_loopback_host("0.0.0.0")
    assert not is_loopback_host("192.168.1.20")
    assert not is_loopback_host("groep.example.invalid")  # does not resolve: left alone


def test_the_join_url_carries_only_the_code_and_the_qr_code_is_a_png():
    url = join_url("http://192.168.1.5:8501", "ABC234")
    assert url == "http://192.168.1.5:8501/?code=ABC234"
    assert qr_png(url).startswith(b"\x89PNG")
