/* Includes the generated decoder body; kept apart from test_main.c the way
 * translate.c includes it.  Example: #include "good.c.inc" after good.h. */
#include "good.h"
#include "good.c.inc"
