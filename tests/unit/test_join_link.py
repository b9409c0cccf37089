from facilitator.joinlink import base_url, join_url, qr_png


def test_a_configured_base_url_wins():
    assert (
        base_url(
            configured="https://groep.example",
            page_url="http://localhost:8501/console",
            lan_ip="192.168.1.5",
        )
        == "https://groep.example"
    )


def test_localhost_is_replaced_by_the_laptops_network_address_for_phones():
    assert (
        base_url(configured=None, page_url="http://localhost:8501/console", lan_ip="192.168.1.5")
        == "http://192.168.1.5:8501"
    )


def test_a_proxy_prefix_before_the_page_is_kept():
    assert (
        base_url(configured=None, page_url="https://x.org/groep/console", lan_ip=None)
        == "https://x.org/groep"
    )


def test_the_join_url_carries_only_the_code_and_the_qr_code_is_a_png():
    url = join_url("http://192.168.1.5:8501", "ABC234")
    assert url == "http://192.168.1.5:8501/?code=ABC234"
    assert qr_png(url).startswith(b"\x89PNG")
