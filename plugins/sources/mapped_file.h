// MappedFile: a read-only memory mapping of a whole file (empty files map to an empty view).
#pragma once
#include <string>
#include <string_view>

namespace persona::sources {

// Maps a file read-only for the lifetime of the object; throws Error naming the path on failure.
class MappedFile {
public:
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view bytes() const { return {data_, size_}; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    const char* data_ = nullptr;
    size_t size_ = 0;
    void* mapping_ = nullptr;
};

}  // namespace persona::sources
