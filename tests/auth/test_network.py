"""Who the client is behind a reverse proxy (auth.network): only a trusted peer is believed about
the client it forwards, the right-most untrusted X-Forwarded-For entry wins, an unknown peer is
never trusted."""

import pytest

from core.settings import SettingsError

from auth import network

LOCAL = network.TrustedProxies.parse(network.DEFAULT_TRUSTED_PROXIES)


def test_a_peer_that_is_no_trusted_proxy_is_the_client_and_its_headers_are_ignored():
    spoof = {"X-Forwarded-For": "10.1.1.1", "X-Real-IP": "10.1.1.2"}
    assert network.client_of("203.0.113.9", spoof, LOCAL) == "203.0.113.9"
    assert network.client_of("203.0.113.9", {}, LOCAL) == "203.0.113.9"


def test_behind_a_local_proxy_each_browser_is_its_own_client():
    assert network.client_of("127.0.0.1", {"X-Real-IP": "198.51.100.7"}, LOCAL) == "198.51.100.7"
    assert network.client_of("127.0.0.1", {"x-forwarded-for": "198.51.100.8"}, LOCAL) == "198.51.100.8"
    assert network.client_of("::1", [("X-Forwarded-For", "2001:db8::5")], LOCAL) == "2001:db8::5"
    # Two users behind the same nginx are two clients, not one "本机".
    a = network.client_of("127.0.0.1", {"X-Forwarded-For": "198.51.100.1"}, LOCAL)
    b = network.client_of("127.0.0.1", {"X-Forwarded-For": "198.51.100.2"}, LOCAL)
    assert a != b


def test_the_right_most_untrusted_forwarded_entry_wins_over_what_the_browser_claims():
    # The browser sent "X-Forwarded-For: 127.0.0.1, 1.1.1.1"; nginx appended the address it saw.
    xff = {"X-Forwarded-For": "127.0.0.1, 1.1.1.1, 198.51.100.3", "X-Real-IP": "198.51.100.3"}
    assert network.client_of("127.0.0.1", xff, LOCAL) == "198.51.100.3"
    # Two proxies in a row (gateway 10.0.0.5 → nginx here): hops that are trusted proxies are skipped.
    chain = network.TrustedProxies.parse("127.0.0.1, 10.0.0.0/24")
    assert network.client_of("127.0.0.1", {"X-Forwarded-For": "9.9.9.9, 198.51.100.4, 10.0.0.5"}, chain) == "198.51.100.4"
    # Repeated headers count as one list, in order.
    assert network.client_of("127.0.0.1", [("X-Forwarded-For", "9.9.9.9"), ("X-Forwarded-For", "198.51.100.6")],
                             LOCAL) == "198.51.100.6"


def test_ports_brackets_and_mapped_addresses_are_normalised():
    assert network.client_of("::ffff:127.0.0.1", {"X-Forwarded-For": "198.51.100.9:50123"}, LOCAL) == "198.51.100.9"
    assert network.client_of("127.0.0.1", {"X-Forwarded-For": "[2001:db8::7]:443"}, LOCAL) == "2001:db8::7"
    assert network.client_of("127.0.0.1", {"X-Forwarded-For": "127.0.0.1"}, LOCAL) == "127.0.0.1"  # browser on the server


def test_a_trusted_proxy_that_names_no_client_is_the_client():
    assert network.client_of("127.0.0.1", {}, LOCAL) == "127.0.0.1"
    assert network.client_of("127.0.0.1", {"X-Real-IP": "not an address"}, LOCAL) == "127.0.0.1"


def test_an_unknown_peer_is_never_a_trusted_proxy():
    assert network.client_of(None, {"X-Forwarded-For": "198.51.100.1"}, LOCAL) == network.UNKNOWN
    assert network.client_of("", {"X-Real-IP": "198.51.100.1"}, LOCAL) == network.UNKNOWN
    assert not network.is_trusted_peer(None, LOCAL) and not network.is_trusted_peer("", LOCAL)
    assert network.is_trusted_peer("127.0.0.1", LOCAL) and network.is_trusted_peer("::1", LOCAL)


@pytest.mark.parametrize("value", ["10.0.0.5", " 10.0.0.0/29 "])
def test_trusted_proxies_come_from_the_environment(monkeypatch, value):
    monkeypatch.setenv("EDUKPI_TRUSTED_PROXIES", value)
    proxies = network.trusted_proxies()
    assert "10.0.0.5" in proxies and "127.0.0.1" not in proxies and "rubbish" not in proxies
    monkeypatch.delenv("EDUKPI_TRUSTED_PROXIES")
    assert "127.0.0.1" in network.trusted_proxies() and "::1" in network.trusted_proxies()


def test_a_proxy_list_with_rubbish_stops_the_start_instead_of_being_half_read(monkeypatch):
    # Once skipped silently; a security setting that is half wrong is refused in Chinese (core.settings).
    monkeypatch.setenv("EDUKPI_TRUSTED_PROXIES", "10.0.0.5, rubbish")
    with pytest.raises(SettingsError, match="EDUKPI_TRUSTED_PROXIES 的值“10.0.0.5, rubbish”无效"):
        network.trusted_proxies()


def test_what_is_stored_fits_the_column():
    long = "x" * 500
    assert len(network.client_of("127.0.0.1", {"X-Forwarded-For": long}, LOCAL)) <= network.MAX_LEN
    assert len(network.client_of(long, {}, LOCAL)) <= network.MAX_LEN
