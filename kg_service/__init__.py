"""Knowledge graph and compliance service for Articles 19 and 20 of the regulation
《中国共产党党和国家机关基层组织工作条例》 and the Yichun and Qingdao rules that implement them."""

__version__ = "0.1.0"
