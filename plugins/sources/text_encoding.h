// Text encoding helpers: UTF-8 validation and Latin-1 to UTF-8 conversion.
#pragma once
#include <string>
#include <string_view>

namespace persona::sources {

bool is_valid_utf8(std::string_view text);
std::string latin1_to_utf8(std::string_view text);

}  // namespace persona::sources
