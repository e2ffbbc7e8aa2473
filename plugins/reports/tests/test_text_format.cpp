// Number formatting, HTML escaping and compact JSON used by the report pages.
#include <catch2/catch.hpp>

#include <cmath>

#include "text_format.h"

using namespace persona;
using namespace persona::reports;

TEST_CASE("numbers keep 4 significant digits in plain notation") {
    CHECK(format_number(0.0312) == "0.0312");
    CHECK(format_number(0.031234) == "0.03123");
    CHECK(format_number(0.5) == "0.5");
    CHECK(format_number(0.123456) == "0.1235");
    CHECK(format_number(12.3456) == "12.35");
    CHECK(format_number(1234.5678) == "1235");
    CHECK(format_number(98765.4321) == "98765");
    CHECK(format_number(-0.25) == "-0.25");
    CHECK(format_number(9.99996) == "10");
}

TEST_CASE("whole numbers are written whole, tiny and huge ones with an exponent") {
    CHECK(format_number(3.0) == "3");
    CHECK(format_number(0.0) == "0");
    CHECK(format_number(-0.0) == "0");
    CHECK(format_number(123456789.0) == "123456789");
    CHECK(format_number(0.00001234) == "1.234e-05");
    CHECK(format_number(0.00002) == "2e-05");
    CHECK(format_number(1e20) == "1e+20");
}

TEST_CASE("missing and infinite numbers have a readable form") {
    CHECK(format_number(NAN) == "\xE2\x80\x93");
    CHECK(format_number(INFINITY) == "inf");
    CHECK(format_number(-INFINITY) == "-inf");
}

TEST_CASE("html_escape replaces the five special characters and keeps the rest") {
    CHECK(html_escape("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    CHECK(html_escape("plain text, é") == "plain text, é");
    CHECK(html_escape("") == "");
}

TEST_CASE("compact_json sorts keys, has no spaces and survives invalid UTF-8") {
    Json value = {{"b", 2}, {"a", {1, 2}}, {"c", "x"}};
    CHECK(compact_json(value) == R"({"a":[1,2],"b":2,"c":"x"})");
    Json broken = std::string("bad \xFF byte");
    CHECK_NOTHROW(compact_json(broken));
}
