// zlib, for the Push API's ZLIB-compressed binary data (compress2 / uncompress are not variadic: no wrappers).
#include <zlib.h>
