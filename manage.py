#!/usr/bin/env python
from tongxin.manage import main

if __name__ == "__main__":
    main()
