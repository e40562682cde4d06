package sim

// imageRef is how a DISK vector names its image.
var imageRef = ref{id: "IMAGE_ID", name: "IMAGE", uname: "IMAGE_UNAME", uid: "IMAGE_UID", what: "Image"}
