/* The IIDs of the widl-generated headers, defined once. */
#include <initguid.h>
#include "test-objects.h"
