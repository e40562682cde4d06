package sim

func (s *Server) registerSystem() {
	s.reg("one.system.version", "", func(c *call) (result, *rpcError) {
		return resString("6.10.5"), nil
	})
	s.reg("one.system.config", "", func(c *call) (result, *rpcError) {
		return resString(systemConfig), nil
	})
}
