print("vdpd")
